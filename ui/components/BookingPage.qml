import QtQuick
import QtQuick.Layouts
import ".."

// The frame of every booking screen: the top bar, where the resident is in the steps, a
// title, the screen's own content scrolling below, a refused write with what to do next, and
// a calm overlay while a write runs (taps are swallowed; "Start over" stays in reach).
Rectangle {
    id: page
    required property QtObject flowVm
    required property QtObject bookingVm
    property string title
    property string subtitle
    property int step: 0  // 1..4 while booking; moving skips the service (0: no step line)
    default property alias content: body.data
    // Buttons pinned below the scrolling content, above the accessibility bar (always in view).
    property alias actions: actionArea.data
    readonly property alias flickable: flick
    readonly property bool moving: bookingVm.mode === "move"

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            id: topBar
            Layout.fillWidth: true
            title: page.flowVm.officeName
            flowVm: page.flowVm
            onHome: page.flowVm.home()
            onBack: page.bookingVm.back()
        }

        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: column.implicitHeight + 2 * Theme.margin
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: column
                width: Math.min(flick.width - 2 * Theme.margin, 1300 * Theme.scale)
                x: (flick.width - width) / 2
                y: Theme.margin / 2
                spacing: Theme.spacing

                BodyText {
                    objectName: "booking_step"
                    visible: page.step > 0
                    Layout.fillWidth: true
                    text: qsTr("Step {step} of {total}")
                            .replace("{step}", page.moving ? page.step - 1 : page.step)
                            .replace("{total}", page.moving ? 3 : 4)
                    color: Theme.textMuted
                    font.pixelSize: Theme.small
                }
                BodyText {
                    objectName: "booking_title"
                    Layout.fillWidth: true
                    text: page.title
                    font.pixelSize: Theme.title
                    font.weight: Font.Bold
                }
                BodyText {
                    objectName: "booking_subtitle"
                    visible: text !== ""
                    Layout.fillWidth: true
                    text: page.subtitle
                    color: Theme.textMuted
                }

                // A refused booking, move or cancellation: the reason and the next option.
                Rectangle {
                    objectName: "booking_error_box"
                    visible: page.bookingVm.errorText !== ""
                    Layout.fillWidth: true
                    Layout.preferredHeight: errorColumn.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.errorBackground
                    border.width: 3
                    border.color: Theme.errorText
                    ColumnLayout {
                        id: errorColumn
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        spacing: Theme.spacing
                        BodyText {
                            objectName: "booking_error"
                            Layout.fillWidth: true
                            text: page.bookingVm.errorText
                            color: Theme.errorText
                            font.weight: Font.DemiBold
                        }
                        BigButton {
                            objectName: "booking_next_option"
                            visible: page.bookingVm.nextOption !== ""
                            Layout.fillWidth: true
                            primary: true
                            pixelSize: Theme.body
                            text: {
                                const next = page.bookingVm.nextOption
                                if (next === "time") return qsTr("Choose another time")
                                if (next === "day") return qsTr("Choose another day")
                                if (next === "retry") return qsTr("Try again")
                                return qsTr("Back to my status")
                            }
                            onClicked: page.bookingVm.chooseAgain()
                        }
                    }
                }

                ColumnLayout {
                    id: body
                    Layout.fillWidth: true
                    spacing: Theme.spacing
                }
            }
        }

        ColumnLayout {
            id: actionArea
            objectName: "booking_actions"
            visible: children.length > 0
            Layout.fillWidth: true
            Layout.maximumWidth: 1300 * Theme.scale
            Layout.alignment: Qt.AlignHCenter
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.margin
            Layout.topMargin: Math.round(Theme.spacing / 2)
            Layout.bottomMargin: Math.round(Theme.spacing / 2)
            spacing: Math.round(Theme.spacing / 2)
        }
    }

    // While the office is asked: a calm note, no spinner racing, taps below go nowhere.
    Rectangle {
        objectName: "booking_busy"
        visible: page.bookingVm.busy
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.top: parent.top
        anchors.topMargin: topBar.height
        color: Qt.rgba(Theme.background.r, Theme.background.g, Theme.background.b, 0.96)

        Accessible.role: Accessible.StaticText
        Accessible.name: page.bookingVm.busyText

        MouseArea {
            anchors.fill: parent  // swallows double taps on what lies below
        }
        Column {
            anchors.centerIn: parent
            width: parent.width - 2 * Theme.margin
            spacing: Theme.spacing * 1.5
            Row {
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: Theme.spacing
                Repeater {
                    model: 3
                    delegate: Rectangle {
                        required property int index
                        width: Math.round(28 * Theme.scale)
                        height: width
                        radius: width / 2
                        color: Theme.primary
                        opacity: 0.25
                        SequentialAnimation on opacity {
                            running: page.bookingVm.busy
                            loops: Animation.Infinite
                            PauseAnimation { duration: index * 300 }
                            NumberAnimation { to: 1.0; duration: 600; easing.type: Easing.InOutSine }
                            NumberAnimation { to: 0.25; duration: 600; easing.type: Easing.InOutSine }
                            PauseAnimation { duration: (2 - index) * 300 }
                        }
                    }
                }
            }
            BodyText {
                objectName: "booking_busy_text"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: page.bookingVm.busyText
                font.pixelSize: Theme.heading
                font.weight: Font.DemiBold
            }
            BodyText {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("This takes a few seconds. Please wait.")
                color: Theme.textMuted
            }
        }
    }
}
