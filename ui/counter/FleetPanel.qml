import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import "."

// The supervisor's devices ("Geräte"): every kiosk, counter and display, re-read every 30 s
// while open. A silent kiosk's row is tinted and says "silent since …" in words.
// Up/Down move through the rows, F5 reads again, Esc closes.
Rectangle {
    id: panel
    required property QtObject fleetVm
    signal closeRequested()
    objectName: "fleet_panel"
    color: CounterStyle.surface
    border.color: CounterStyle.focus
    border.width: 2
    Keys.onEscapePressed: closeRequested()

    // Column widths, shared by the head and the rows; the note takes the rest.
    readonly property var widths: [320, 130, 150, 250, 120, 220, 230]

    function focusList() { list.forceActiveFocus() }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: CounterStyle.margin
        spacing: CounterStyle.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: CounterStyle.spacing
            Heading {
                objectName: "fleet_heading"
                text: qsTr("Devices") + " (" + panel.fleetVm.count + ")"
                Layout.fillWidth: true
            }
            ActionButton {
                objectName: "fleet_refresh"
                text: qsTr("Refresh (F5)")
                enabled: !panel.fleetVm.loading
                onClicked: panel.fleetVm.refresh()
            }
            ActionButton {
                objectName: "fleet_close"
                text: qsTr("Close (Esc)")
                onClicked: panel.closeRequested()
            }
        }
        DeskText {
            objectName: "fleet_summary"
            text: panel.fleetVm.summary
            color: CounterStyle.textMuted
            Layout.fillWidth: true
        }
        Rectangle {
            objectName: "fleet_silent_note"
            visible: panel.fleetVm.silentCount > 0
            Layout.fillWidth: true
            implicitHeight: silentText.implicitHeight + 16
            radius: CounterStyle.radius
            color: CounterStyle.errorBackground
            border.color: CounterStyle.errorText
            Accessible.role: Accessible.AlertMessage
            Accessible.name: silentText.text
            DeskText {
                id: silentText
                anchors.fill: parent
                anchors.margins: 8
                font.weight: Font.Bold
                color: CounterStyle.errorText
                text: qsTr("{count} kiosk(s) silent: please check them (power, network, screen).")
                      .replace("{count}", panel.fleetVm.silentCount)
            }
        }
        Notice { Layout.fillWidth: true; text: panel.fleetVm.message }

        // The column heads.
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 40
            color: CounterStyle.secondary
            radius: CounterStyle.radius
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 20
                anchors.rightMargin: 12
                spacing: 8
                Repeater {
                    model: [qsTr("Device"), qsTr("Kind"), qsTr("Connection"), qsTr("Last sync"),
                            qsTr("Version"), qsTr("Printer / paper"), qsTr("Waiting to send")]
                    DeskText {
                        required property string modelData
                        required property int index
                        text: modelData
                        font.pixelSize: CounterStyle.small
                        font.weight: Font.Bold
                        Layout.preferredWidth: panel.widths[index]
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                }
                DeskText {
                    text: qsTr("Note")
                    font.pixelSize: CounterStyle.small
                    font.weight: Font.Bold
                    Layout.fillWidth: true
                }
            }
        }

        DeskText {
            visible: panel.fleetVm.count === 0 && !panel.fleetVm.loading && panel.fleetVm.message === ""
            text: qsTr("No devices are enrolled.")
            color: CounterStyle.textMuted
        }

        ListView {
            id: list
            objectName: "fleet_list"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 4
            model: panel.fleetVm.rows
            keyNavigationEnabled: true
            activeFocusOnTab: true
            ScrollBar.vertical: ScrollBar {}
            Accessible.role: Accessible.Table
            Accessible.name: qsTr("Devices")

            delegate: Rectangle {
                id: row
                required property var modelData
                required property int index
                objectName: "fleet_row_" + index
                width: ListView.view.width
                height: 56
                radius: CounterStyle.radius
                readonly property bool current: ListView.isCurrentItem && list.activeFocus
                color: modelData.silent ? CounterStyle.errorBackground : CounterStyle.background
                border.width: current ? CounterStyle.focusWidth : 1
                border.color: current ? CounterStyle.focus
                                      : (modelData.silent ? CounterStyle.errorText : CounterStyle.border)
                Accessible.role: Accessible.Row
                Accessible.name: [modelData.name, modelData.kind, modelData.connection,
                                  modelData.lastSync, modelData.printer, modelData.flag].join(", ")

                MouseArea {
                    anchors.fill: parent
                    onClicked: { list.currentIndex = row.index; list.forceActiveFocus() }
                }
                // A silent kiosk also gets a strong bar at its start (besides its words).
                Rectangle {
                    visible: row.modelData.silent
                    width: 8
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.bottom: parent.bottom
                    radius: CounterStyle.radius
                    color: CounterStyle.errorText
                }
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 20
                    anchors.rightMargin: 12
                    spacing: 8
                    DeskText {
                        objectName: "fleet_name_" + row.index
                        text: row.modelData.name
                        font.weight: Font.DemiBold
                        Layout.preferredWidth: panel.widths[0]
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DeskText {
                        text: row.modelData.kind
                        Layout.preferredWidth: panel.widths[1]
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    Item {
                        Layout.preferredWidth: panel.widths[2]
                        Layout.fillWidth: false
                        implicitHeight: connectionText.implicitHeight
                        Rectangle {
                            id: dot
                            width: 12
                            height: 12
                            radius: 6
                            anchors.verticalCenter: parent.verticalCenter
                            color: row.modelData.online ? CounterStyle.good : CounterStyle.warn
                        }
                        DeskText {
                            id: connectionText
                            objectName: "fleet_connection_" + row.index
                            anchors.left: dot.right
                            anchors.leftMargin: 8
                            anchors.right: parent.right
                            anchors.verticalCenter: parent.verticalCenter
                            text: row.modelData.connection
                            color: row.modelData.online ? CounterStyle.good : CounterStyle.warn
                            font.weight: row.modelData.online ? Font.Normal : Font.Bold
                            elide: Text.ElideRight
                            wrapMode: Text.NoWrap
                        }
                    }
                    DeskText {
                        text: row.modelData.lastSync
                        Layout.preferredWidth: panel.widths[3]
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DeskText {
                        text: row.modelData.version
                        Layout.preferredWidth: panel.widths[4]
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DeskText {
                        objectName: "fleet_printer_" + row.index
                        text: row.modelData.printer
                        color: row.modelData.printerTrouble ? CounterStyle.warn : CounterStyle.text
                        font.weight: row.modelData.printerTrouble ? Font.Bold : Font.Normal
                        Layout.preferredWidth: panel.widths[5]
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DeskText {
                        text: row.modelData.backlog
                        Layout.preferredWidth: panel.widths[6]
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                    DeskText {
                        objectName: "fleet_flag_" + row.index
                        text: row.modelData.flag
                        color: row.modelData.silent ? CounterStyle.errorText : CounterStyle.textMuted
                        font.weight: row.modelData.silent ? Font.Bold : Font.Normal
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                        wrapMode: Text.NoWrap
                    }
                }
            }
        }
    }
}
