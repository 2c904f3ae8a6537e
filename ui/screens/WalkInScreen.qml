import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// A walk-in ticket without a case (issue 15): choose the service, get the number (large), the
// people waiting before and the wait as a range. No ticket left or issuing closed: say so and
// offer booking instead. Offline: say that tickets need the connection for now.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject walkInVm
    readonly property QtObject vm: walkInVm

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            Layout.fillWidth: true
            title: screen.flowVm.officeName
            flowVm: screen.flowVm
            onHome: screen.flowVm.home()
            onBack: screen.vm.back()
        }

        // The welcome screen shows one language: here the resident can pick their own (the
        // ticket prints in it, beside German).
        Flow {
            objectName: "walk_in_languages"
            visible: screen.vm.state === "choose" || screen.vm.state === "offline"
                     || screen.vm.state === "refused"
            Layout.fillWidth: true
            Layout.margins: Math.round(Theme.spacing / 2)
            spacing: Math.round(Theme.spacing / 3)
            Repeater {
                model: screen.vm.languages
                delegate: BigButton {
                    required property var modelData
                    objectName: "walk_in_lang_" + modelData.code
                    height: Theme.touchMin
                    primary: screen.flowVm.language === modelData.code
                    text: modelData.nativeName
                    pixelSize: Theme.small
                    onClicked: screen.vm.switchLanguage(modelData.code)
                }
            }
        }

        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight + 2 * Theme.margin
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: body
                width: Math.min(flick.width - 2 * Theme.margin, 1300 * Theme.scale)
                x: (flick.width - width) / 2
                y: Theme.margin / 2
                spacing: Theme.spacing

                BodyText {
                    objectName: "walk_in_title"
                    Layout.fillWidth: true
                    text: screen.vm.state === "issued" ? qsTr("Your number")
                                                       : qsTr("Walk-in ticket")
                    font.pixelSize: Theme.title
                    font.weight: Font.Bold
                }
                BodyText {
                    objectName: "walk_in_question"
                    visible: screen.vm.state === "choose"
                    Layout.fillWidth: true
                    text: qsTr("What do you need today? You will be called by your number.")
                    color: Theme.textMuted
                }
                BodyText {
                    objectName: "walk_in_wait_note"
                    visible: screen.vm.state === "loading" || screen.vm.state === "issuing"
                             || screen.vm.state === "printing"
                    Layout.fillWidth: true
                    text: screen.vm.state === "loading" ? qsTr("One moment, please…")
                                                        : qsTr("Your ticket is being made…")
                    font.pixelSize: Theme.heading
                }

                GridLayout {
                    objectName: "walk_in_services"
                    visible: screen.vm.state === "choose"
                    Layout.fillWidth: true
                    columns: 1
                    rowSpacing: Math.round(Theme.spacing / 2)
                    Repeater {
                        model: screen.vm.services
                        delegate: ChoiceTile {
                            required property var modelData
                            objectName: "walk_in_service_" + modelData.code
                            Layout.fillWidth: true
                            label: modelData.name
                            note: modelData.note
                            onChosen: screen.vm.chooseService(modelData.code)
                        }
                    }
                }

                // The number, large; it reads left to right in every language ("A 042").
                Rectangle {
                    objectName: "walk_in_ticket_box"
                    visible: screen.vm.state === "issued"
                    Layout.fillWidth: true
                    Layout.preferredHeight: ticketColumn.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.primary
                    border.width: 4
                    ColumnLayout {
                        id: ticketColumn
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        spacing: Math.round(Theme.spacing / 2)
                        Text {
                            objectName: "walk_in_number"
                            Layout.fillWidth: true
                            horizontalAlignment: Text.AlignHCenter
                            LayoutMirroring.enabled: false
                            text: screen.vm.ticketLabel
                            textFormat: Text.PlainText
                            color: Theme.text
                            font.pixelSize: Theme.display * 2.2
                            font.weight: Font.Bold
                            Accessible.role: Accessible.StaticText
                            Accessible.name: text
                        }
                        BodyText {
                            objectName: "walk_in_ahead"
                            Layout.fillWidth: true
                            horizontalAlignment: Text.AlignHCenter
                            text: screen.vm.aheadText
                            font.pixelSize: Theme.heading
                        }
                        BodyText {
                            objectName: "walk_in_wait"
                            Layout.fillWidth: true
                            horizontalAlignment: Text.AlignHCenter
                            text: screen.vm.waitText
                            font.pixelSize: Theme.heading
                            font.weight: Font.DemiBold
                        }
                    }
                }

                // What happened, plainly: printed, print failed, offline, refused.
                Rectangle {
                    objectName: "walk_in_message_box"
                    visible: screen.vm.message !== ""
                    Layout.fillWidth: true
                    Layout.preferredHeight: messageText.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    readonly property bool bad: screen.vm.state !== "issued" || screen.vm.printFailed
                    color: bad ? Theme.errorBackground : Theme.surface
                    border.width: 3
                    border.color: bad ? Theme.errorText : Theme.border
                    BodyText {
                        id: messageText
                        objectName: "walk_in_message"
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        text: screen.vm.message
                        color: parent.bad ? Theme.errorText : Theme.text
                        font.weight: Font.DemiBold
                    }
                }

                BigButton {
                    objectName: "walk_in_book_instead"
                    visible: screen.vm.offerBooking
                    Layout.fillWidth: true
                    primary: true
                    pixelSize: Theme.body
                    text: qsTr("Book an appointment with my case number")
                    onClicked: screen.vm.bookInstead()
                }
                BigButton {
                    objectName: "walk_in_done"
                    visible: screen.vm.state === "issued" || screen.vm.state === "unconfirmed"
                    Layout.fillWidth: true
                    primary: screen.vm.state === "issued"
                    pixelSize: Theme.body
                    text: qsTr("Done")
                    onClicked: screen.vm.finish()
                }
            }
        }
    }
}
